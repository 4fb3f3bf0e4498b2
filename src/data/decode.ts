/**
 * Bytes -> text. UTF-8 (BOM optional) and UTF-16 LE/BE with a BOM; bytes that are not valid UTF-8
 * are read as windows-1252 (a superset of Latin-1) and a note says so. TextDecoder only, so this
 * runs in Node, in a worker thread and in a browser.
 */

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export function detectBom(bytes: Uint8Array): { encoding: Encoding; bomLength: number } | null {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  return null;
}

function latin1Decoder(): { decode(b: Uint8Array, o?: { stream?: boolean }): string } {
  try {
    return new TextDecoder('windows-1252');
  } catch {
    // A runtime without ICU encodings: plain Latin-1 (identical to windows-1252 outside 0x80-0x9f).
    return { decode: (b: Uint8Array) => { let s = ''; for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192)); return s; } };
  }
}

export const latin1Note = (file: string): string =>
  `${file} is not valid UTF-8; it was read as Latin-1 (windows-1252). Save it as UTF-8 if accented characters look wrong.`;

/** Decodes a whole file. */
export function decodeBytes(bytes: Uint8Array, file: string): { text: string; notes: string[] } {
  const bom = detectBom(bytes);
  if (bom) {
    return { text: new TextDecoder(bom.encoding).decode(bytes.subarray(bom.bomLength)), notes: [] };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), notes: [] };
  } catch {
    return { text: latin1Decoder().decode(bytes), notes: [latin1Note(file)] };
  }
}

/**
 * Decodes a stream of byte chunks. Stays UTF-8 while the bytes are valid; at the first invalid
 * sequence it switches to windows-1252 for that chunk and the rest. The switch is exact when no
 * non-ASCII byte came before (the usual Latin-1 file); otherwise the note says the file mixes encodings.
 */
export class StreamDecoder {
  private decoder: { decode(b: Uint8Array, o?: { stream?: boolean }): string } | null = null;
  private encoding: Encoding | null = null;
  private head: Uint8Array | null = null;
  private sawNonAscii = false;
  /** Last byte handed to the decoder (an ASCII last byte means no partial character is held). */
  private lastByte = 0;
  /** True when valid UTF-8 (with non-ASCII characters) was followed by invalid bytes. */
  mixed = false;
  readonly notes: string[] = [];

  /** `forced` skips detection (used to re-read a file of mixed encodings as windows-1252). */
  constructor(private readonly file: string, forced?: 'windows-1252') {
    if (forced) this.switchToLatin1();
  }

  /** Text for this chunk (may be '' while the first bytes are buffered to look for a BOM). */
  push(chunk: Uint8Array): string {
    if (chunk.length) this.lastByte = chunk[chunk.length - 1];
    if (!this.decoder) {
      // Need 3 bytes to see a BOM.
      const joined = this.head ? concat(this.head, chunk) : chunk;
      if (joined.length < 3) {
        this.head = joined;
        return '';
      }
      this.head = null;
      const bom = detectBom(joined);
      if (bom) {
        this.encoding = bom.encoding;
        this.decoder = new TextDecoder(bom.encoding);
        return this.decoder.decode(joined.subarray(bom.bomLength), { stream: true });
      }
      this.encoding = 'utf-8';
      this.decoder = new TextDecoder('utf-8', { fatal: true });
      return this.decodeUtf8(joined);
    }
    return this.encoding === 'utf-8' ? this.decodeUtf8(chunk) : this.decoder.decode(chunk, { stream: true });
  }

  /**
   * True when decoding ASCII bytes now would return them unchanged: the encoding is known to be
   * UTF-8 or windows-1252 and no partial multi-byte character is held (so skipping the decoder
   * for such bytes leaves its state as it would have been).
   */
  passesAsciiThrough(): boolean {
    return this.decoder !== null && this.head === null &&
      (this.encoding === 'windows-1252' || (this.encoding === 'utf-8' && this.lastByte < 0x80));
  }

  end(): string {
    if (!this.decoder) {
      const rest = this.head ?? new Uint8Array(0);
      this.head = null;
      const { text, notes } = decodeBytes(rest, this.file);
      this.notes.push(...notes);
      return text;
    }
    if (this.encoding === 'utf-8') {
      try {
        return this.decoder.decode(new Uint8Array(0));
      } catch {
        // A truncated multi-byte sequence at the very end.
        this.switchToLatin1();
        return '\ufffd';
      }
    }
    return this.decoder.decode(new Uint8Array(0));
  }

  private decodeUtf8(chunk: Uint8Array): string {
    try {
      const text = this.decoder!.decode(chunk, { stream: true });
      // Every non-ASCII character takes more bytes than UTF-16 code units, so equal lengths mean pure ASCII.
      if (text.length !== chunk.length) this.sawNonAscii = true;
      return text;
    } catch {
      this.mixed = this.sawNonAscii;
      this.switchToLatin1();
      if (this.mixed) {
        this.notes.push(`${this.file} mixes UTF-8 with another encoding; the part after the first invalid byte was read as Latin-1 (windows-1252). Save the file as UTF-8.`);
      }
      return this.decoder!.decode(chunk, { stream: true });
    }
  }

  private switchToLatin1(): void {
    this.encoding = 'windows-1252';
    this.decoder = latin1Decoder();
    if (!this.notes.length) this.notes.push(latin1Note(this.file));
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
