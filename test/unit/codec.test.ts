import test from 'ava';
import { AppError } from '../../src/kernel/errors.js';
import { asArray, optionalBoolean, optionalInt, requiredBase64, requiredString } from '../../src/platform/soap/codec.js';

const code = (fn: () => unknown) =>
  (() => {
    try {
      fn();
      return 'ok';
    } catch (e) {
      return (e as AppError).code;
    }
  })();

test('integers must be written as the schema says', (t) => {
  t.is(optionalInt('42', 'n'), 42);
  t.is(optionalInt(undefined, 'n'), undefined);
  t.is(
    code(() => optionalInt('12abc', 'n')),
    'SVC0002',
  );
  t.is(
    code(() => optionalInt('3000000000', 'n')),
    'SVC0002',
  );
});

test('booleans accept true/false/1/0 only', (t) => {
  t.deepEqual(
    ['true', '1', 'false', '0'].map((v) => optionalBoolean(v, 'b')),
    [true, true, false, false],
  );
  t.is(
    code(() => optionalBoolean('TRUE', 'b')),
    'SVC0002',
  );
});

test('base64 content is decoded exactly, whitespace tolerated, garbage refused', (t) => {
  t.deepEqual(requiredBase64('aGk=\n', 'c'), Buffer.from('hi'));
  t.is(
    code(() => requiredBase64('a*b=', 'c')),
    'SVC0002',
  );
  t.is(
    code(() => requiredBase64(undefined, 'c')),
    'SVC0002',
  );
});

test('one parsed element or many read the same, and an object is not a string', (t) => {
  t.deepEqual(asArray('x'), ['x']);
  t.deepEqual(asArray(['x', 'y']), ['x', 'y']);
  t.deepEqual(asArray(undefined), []);
  t.is(requiredString({ $value: 'v', attributes: {} }, 's'), 'v');
  t.is(
    code(() => requiredString({ nested: 'x' }, 's')),
    'SVC0002',
  );
});
