/** activationJson: one serialization per record, shared by the response and the store's write. */
import { activationJson } from './activation-json.js';
import { sampleActivation } from './store.contract.js';

describe('activationJson', () => {
  it("serializes a record once and hands later callers the same string", () => {
    const record = sampleActivation('ns', 'a1', 100);
    const first = activationJson(record);
    expect(JSON.parse(first)).toEqual(record);
    record.logs.push('changed after it was recorded'); // records are immutable once recorded: the memo wins
    expect(activationJson(record)).toBe(first);
    expect(activationJson(record, false)).toBe(first);
  });

  it('with remember=false, serializes a record nobody serialized without keeping the string', () => {
    const record = sampleActivation('ns', 'a2', 100);
    expect(JSON.parse(activationJson(record, false))).toEqual(record);
    record.logs.push('later');
    expect(JSON.parse(activationJson(record)).logs).toContain('later');
  });
});
