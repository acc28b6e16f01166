// The request parser's limits as the gateway configures them: one place that turns config into ParserLimits,
// used by the gateway, the edge benchmark and the fuzz test, so they all exercise the real bounds.
import type { Config } from '../config.js';
import { listLimits } from './list-limits.js';
import type { ParserLimits } from './request-parser.js';

export function parserLimitsOf(config: Config): ParserLimits {
  const limits = config.limits;
  return {
    maxDepth: limits.maxXmlDepth,
    maxNameChars: limits.maxNameChars,
    maxAttributes: limits.maxAttributes,
    preAuthChars: limits.preAuthChars,
    maxStringChars: limits.maxStringChars,
    // Base64 of the largest content, with room for line breaks; a little over is refused by POL1002.
    maxBinaryChars: Math.ceil((Math.ceil(limits.contentBytes / 3) * 4 * 11) / 10) + 1024,
    lists: listLimits({
      messagesPerRequest: limits.messagesPerRequest,
      recipientsPerMessage: limits.recipientsPerMessage,
      maxMessagesPerGet: limits.maxMessagesPerGet,
      presentitiesPerRequest: config.presence.presentitiesPerRequest,
      directoryEntriesPerRequest: config.directory.entriesPerRequest,
      itemsPerList: limits.itemsPerList,
    }),
  };
}
