import { describe, expect, test } from 'vitest';
import { keepAnswerAsWritten, stringifyResult } from './answer-as-written.ts';
import type { SubgraphAnswer } from './answer-reuse.ts';

/** A subgraph's answer as fetchData reads it: the parsed body and the body as received. */
function answerOf(raw: string): SubgraphAnswer {
  return { ...(JSON.parse(raw) as SubgraphAnswer), raw };
}

// Written by hand in a shape JSON.stringify never writes, so that the test tells which one was used.
const RAW = '{"data":{"ingredientsByIds":{"missingIds":[] }}}';

describe('answer as written', () => {
  test("a response that is the kept data alone is the subgraph's body", () => {
    const data = { ingredientsByIds: { missingIds: [] } };
    keepAnswerAsWritten(data, answerOf(RAW));
    expect(stringifyResult({ errors: undefined, data, extensions: undefined } as never)).toBe(RAW);
  });

  test('a response with errors or extensions added, or other data, is serialised', () => {
    const data = { ingredientsByIds: { missingIds: [] } };
    keepAnswerAsWritten(data, answerOf(RAW));
    const errors = [{ message: 'Cannot return null for non-nullable field Ingredient.name.' }];
    expect(stringifyResult({ errors, data })).toBe(JSON.stringify({ errors, data }));
    expect(stringifyResult({ data, extensions: { cost: 1 } })).toBe(JSON.stringify({ data, extensions: { cost: 1 } }));
    const other = { ingredientsByIds: { missingIds: [] } };
    expect(stringifyResult({ data: other })).toBe('{"data":{"ingredientsByIds":{"missingIds":[]}}}');
  });

  test('a body with more than data is never kept', () => {
    for (const raw of ['{"data":{"a":1 },"extensions":{"x":1}}', '{"errors":[{"message":"no"}],"data":{"a":1 }}', '{"data":null}']) {
      const answer = answerOf(raw);
      const data = { ...answer.data } as object;
      keepAnswerAsWritten(data, answer);
      expect(stringifyResult({ data } as never)).toBe(JSON.stringify({ data }));
    }
  });
});
