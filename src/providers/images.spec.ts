import { describe, expect, it } from '@jest/globals';
import { checkImage, parseDataUrl, sniffImageType } from './images.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const dataUrl = (type: string, bytes: Buffer): string => `data:${type};base64,${bytes.toString('base64')}`;
const refusal = (url: string, max = 1024): unknown => {
  try {
    checkImage({ type: 'image', url }, 'messages[0].content[1]', max);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('images', () => {
  it('recognises the four image types by their bytes', () => {
    expect(sniffImageType(PNG)).toBe('image/png');
    expect(sniffImageType(JPEG)).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('GIF89a'))).toBe('image/gif');
    expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageType(Buffer.from('%PDF-1.7'))).toBeUndefined();
  });

  it('splits a data URL into its media type and base64 text', () => {
    expect(parseDataUrl('data:image/PNG;base64,AAAA')).toEqual({ mediaType: 'image/png', base64: 'AAAA' });
    expect(parseDataUrl('https://example.com/a.png')).toBeUndefined();
  });

  it('accepts https URLs without fetching them, and data URLs whose bytes match their type', () => {
    expect(refusal('https://example.com/a.png')).toBeUndefined();
    expect(refusal(dataUrl('image/png', PNG))).toBeUndefined();
    expect(refusal(dataUrl('image/jpeg', JPEG))).toBeUndefined();
  });

  it.each([
    ['http://example.com/a.png', 'an image must be an https: URL or a base64 data: URL'],
    ['data:image/png,rawbytes', 'an image must be an https: URL or a base64 data: URL'],
    [dataUrl('image/bmp', PNG), "image type 'image/bmp' is not supported"],
    [dataUrl('image/jpeg', PNG), 'says image/jpeg but its bytes are image/png'],
    [dataUrl('image/png', Buffer.from('%PDF-1.7 not an image')), 'its bytes are not an image of a supported type'],
    ['data:image/png;base64,@@@@', 'not valid base64'],
    [dataUrl('image/png', Buffer.concat([PNG, Buffer.alloc(2000)])), 'more than the 1024 bytes allowed (MAX_IMAGE_BYTES)'],
  ])('refuses %s (400 naming the part)', (url, why) => {
    const error = refusal(url) as { status: number; param: string; message: string };
    expect(error).toMatchObject({ status: 400, param: 'messages[0].content[1]' });
    expect(error.message).toContain(why);
  });
});
