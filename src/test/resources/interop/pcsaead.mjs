// An independent implementation of the aes-256-gcm file format described in the README
// ("Encryption"), used to check the service's files from outside: node pcsaead.mjs
// decrypt|encrypt <key> <input> <output>. The key is base64 of 32 bytes, or a passphrase.
import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const [mode, keyText, input, output] = process.argv.slice(2);
const MAGIC = Buffer.from('PCSAEAD1', 'ascii');

function rawKey(text) {
  try {
    const raw = Buffer.from(text, 'base64');
    if (raw.length === 32 && raw.toString('base64') === text.trim()) return raw;
  } catch (e) { /* a passphrase */ }
  return null;
}

function nonce(prefix, index, last) {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeUInt32BE(index, 7);
  n[11] = last ? 1 : 0;
  return n;
}

function decrypt(data) {
  const header = data.subarray(0, 40);
  if (!header.subarray(0, 8).equals(MAGIC)) throw new Error('bad magic');
  const kdf = header[8];
  const iterations = header.readUInt32BE(9);
  const salt = header.subarray(13, 29);
  const prefix = header.subarray(29, 36);
  const segmentSize = header.readUInt32BE(36);
  const key = kdf === 0 ? rawKey(keyText) : pbkdf2Sync(Buffer.from(keyText, 'utf8'), salt, iterations, 32, 'sha256');
  const chunks = [];
  let offset = 40;
  for (let index = 0; ; index++) {
    const end = Math.min(offset + segmentSize + 16, data.length);
    const last = end === data.length;
    const sealed = data.subarray(offset, end);
    const decipher = createDecipheriv('aes-256-gcm', key, nonce(prefix, index, last));
    decipher.setAAD(header);
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    chunks.push(decipher.update(sealed.subarray(0, sealed.length - 16)));
    decipher.final();
    offset = end;
    if (last) break;
  }
  return Buffer.concat(chunks);
}

function encrypt(plain) {
  const raw = rawKey(keyText);
  const salt = randomBytes(16);
  const prefix = randomBytes(7);
  const segmentSize = 4096;
  const iterations = raw ? 0 : 600000;
  const header = Buffer.alloc(40);
  MAGIC.copy(header, 0);
  header[8] = raw ? 0 : 1;
  header.writeUInt32BE(iterations, 9);
  salt.copy(header, 13);
  prefix.copy(header, 29);
  header.writeUInt32BE(segmentSize, 36);
  const key = raw || pbkdf2Sync(Buffer.from(keyText, 'utf8'), salt, iterations, 32, 'sha256');
  const out = [header];
  const count = Math.max(1, Math.ceil(plain.length / segmentSize));
  for (let index = 0; index < count; index++) {
    const last = index === count - 1;
    const cipher = createCipheriv('aes-256-gcm', key, nonce(prefix, index, last));
    cipher.setAAD(header);
    out.push(cipher.update(plain.subarray(index * segmentSize, (index + 1) * segmentSize)), cipher.final(),
      cipher.getAuthTag());
  }
  return Buffer.concat(out);
}

const data = readFileSync(input);
writeFileSync(output, mode === 'decrypt' ? decrypt(data) : encrypt(data));
