/**
 * @module botbuilder 4.23 sends activities through an Azure serializer that, with the @azure/core-client
 * it now installs (1.11), resolves each entity to the bare `Entity` model (type, text, mentioned) and
 * drops everything else: the schema.org Message entity would reach Teams without its AI label and
 * citations. Marking that model as open (as botbuilder meant, see botbuilder-js#2561) keeps them.
 */
import { createRequire } from 'node:module';

interface ModelMapper {
  type: { additionalProperties?: unknown };
}

/** The connector package botbuilder itself loads, whichever copy that is. */
const fromBotbuilder = createRequire(createRequire(import.meta.url).resolve('botbuilder'));

export function keepEntityProperties(): void {
  const mappers = fromBotbuilder('botframework-connector/lib/connectorApi/models/mappers.js') as {
    Entity?: ModelMapper;
  };
  if (mappers.Entity && !mappers.Entity.type.additionalProperties)
    mappers.Entity.type.additionalProperties = { type: { name: 'Object' } };
}
