/**
 * @module Which addresses in a report are indicators of compromise and which are references. A
 * defanged address ("hxxp", "[.]") was written as an indicator. A plain one counts only where
 * reports list indicators (tables, lists, code, an IOC section) or in a sentence about command
 * and control, downloads or hosting. Links (Markdown link targets), the report's own figures, ATT&CK
 * pages, social media and bare shared-hosting or dynamic-DNS provider domains never count.
 */
import type { Mention } from '../../model/analysis.ts';
import { indicatorType, refang } from '../../text/defang.ts';
import { blockIndexAt, type DocumentModel, headingText } from '../../text/document.ts';

/** Hosts whose addresses in reports are references, not indicators. */
const REFERENCE_HOSTS =
  /(?:^|\.)(?:mitre\.org|twitter\.com|x\.com|t\.co|linkedin\.com|facebook\.com|instagram\.com|youtube\.com|youtu\.be|github\.com|medium\.com|wikipedia\.org|virustotal\.com|any\.run|hybrid-analysis\.com|fraunhofer\.de|abuse\.ch|alienvault\.com|reddit\.com|microsoft\.com|google\.com|apple\.com|cisa\.gov|europa\.eu|nist\.gov|mitre-attack\.github\.io|archive\.org|w3\.org|schema\.org|bit\.ly)$/i;

/** Services where anyone gets a subdomain: the bare provider domain says nothing. */
const SHARED_PROVIDERS = new Set(
  (
    'duckdns.org no-ip.com noip.com no-ip.org no-ip.biz ddns.net linkpc.net hopto.org zapto.org ' +
    'sytes.net serveo.net ngrok.io ngrok.com 000webhostapp.com herokuapp.com azurewebsites.net ' +
    'blogspot.com wordpress.com weebly.com wixsite.com github.io dropbox.com drive.google.com ' +
    'docs.google.com onedrive.live.com 1drv.com pastebin.com discord.com discordapp.com ' +
    'cdn.discordapp.com firebaseapp.com web.app glitch.me dynu.com dyndns.org freedns.afraid.org ' +
    'afraid.org changeip.com myftp.biz myvnc.com servehttp.com portmap.io'
  ).split(' '),
);

const REFERENCES_HEADING =
  /\b(?:references?|sources?|further reading|related (?:posts|research|articles)|read more|about)\b/i;
const IMAGE = /\.(?:png|jpe?g|gif|svg|webp|bmp|ico)(?:[?#].*)?$/i;
const IOC_HEADING =
  /\b(?:IOCs?|indicators?|observables?|network|infrastructure|C2|C&C|domains?|URLs?|IPs?|hashes|appendix|artifacts?)\b/i;
const IOC_SENTENCE =
  /\b(?:C2|C&C|command[- ]and[- ]control|resolv\w*|contact\w*|beacon\w*|connect\w*|hosted|hosting|download\w*|redirect\w*|servers?|callback|exfiltrat\w*|payload|dropper|registered|phishing (?:domain|site|page)|landing page|lure)\b/i;

function hostOf(value: string): string {
  const m = /^[a-z]+:\/\/([^/:?#]+)/i.exec(value);
  return (m ? m[1]! : value).toLowerCase().replace(/^www\./, '');
}

function isPrivateIp(value: string): boolean {
  return /^(?:10|127|0)\.|^192\.168\.|^169\.254\.|^172\.(?:1[6-9]|2\d|3[01])\./.test(value);
}

/**
 * "**1.2.1.1 Miner Dropper**", "version 10.0.17763.1": a section or version number written like
 * an address. Only plainly written ones: a defanged address was written as an indicator.
 */
function numbering(text: string, m: Mention): boolean {
  const lineStart = text.lastIndexOf('\n', m.start - 1) + 1;
  const before = text.slice(lineStart, m.start);
  const small = refang(m.canonical)
    .split('.')
    .every((part) => Number(part) <= 20);
  if (
    small &&
    /^[\s#*_|>-]*$/.test(before) &&
    /^[*_[\s]{1,8}\p{L}/u.test(text.slice(m.end, m.end + 10))
  )
    return true;
  return /\b(?:version|ver\.?|v|build|release)\s*$/i.test(before);
}

/** Whether [start, end) is the target or the text of a Markdown link. */
function inLink(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 2), start);
  if (before.endsWith('](') || before.endsWith('(<')) return true;
  return (
    /^\]\(/.test(text.slice(end, end + 2)) &&
    text.lastIndexOf('[', start) > text.lastIndexOf(']', start - 1)
  );
}

export function keepIndicator(text: string, doc: DocumentModel, m: Mention): boolean {
  const value = refang(m.canonical);
  const type = indicatorType(value);
  const surface = text.slice(m.start, m.end);
  const defanged = refang(surface) !== surface;
  if (type === 'hash') return true;
  if (type === 'ipv4') return !isPrivateIp(value) && (defanged || !numbering(text, m));
  if (IMAGE.test(value)) return false;
  const host = hostOf(value);
  if (SHARED_PROVIDERS.has(host)) return false;
  if (defanged) return true;
  if (REFERENCE_HOSTS.test(host) || inLink(text, m.start, m.end)) return false;
  // "C:\Windows\Microsoft.NET\Framework\": a folder of a Windows path, not a domain.
  if (text[m.start - 1] === '\\' || text[m.end] === '\\') return false;
  const block = doc.blocks[blockIndexAt(doc, m.start)];
  if (!block) return false;
  const heading = headingText(doc, block.section);
  if (REFERENCES_HEADING.test(heading)) return false;
  if (block.kind === 'table-row' || block.kind === 'list-item' || block.kind === 'code')
    return true;
  if (IOC_HEADING.test(heading)) return true;
  const sentence = doc.sentences.find((s) => s.start <= m.start && m.end <= s.end);
  return sentence ? IOC_SENTENCE.test(text.slice(sentence.start, sentence.end)) : false;
}
