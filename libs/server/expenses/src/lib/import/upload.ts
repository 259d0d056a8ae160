import type { FastifyRequest } from 'fastify';
import type {} from '@fastify/multipart'; // the request's multipart methods
import { DomainError, invalid } from '@spendguard/server-core';

export const CSV_MAX_BYTES = 10 * 1024 * 1024;

/** Limits for the multipart parser: one file of at most 10 MB and a few small text fields. */
export const CSV_UPLOAD_LIMITS = { fileSize: CSV_MAX_BYTES, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12 };

export interface CsvUpload {
  /** The `file` part, or null when none came. */
  file: Buffer | null;
  /** The text fields, by name (the last value of a repeated field). */
  fields: Record<string, string>;
}

/**
 * Reads a multipart CSV upload: exactly one file part named `file` (at most 10 MB, held in memory) and text fields.
 * The parser's errors are put into the application's own words, so the one error map decides the status: an
 * oversize file is `too_large` (413), any other upload problem is `invalid` (400).
 */
export async function readCsvUpload(req: FastifyRequest): Promise<CsvUpload> {
  if (!req.isMultipart()) throw invalid('Send the CSV file as multipart/form-data, in the field "file"');
  const upload: CsvUpload = { file: null, fields: {} };
  try {
    for await (const part of req.parts({ limits: CSV_UPLOAD_LIMITS })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          part.file.resume();
          throw invalid(`The upload is not valid (unexpected file field "${part.fieldname}"): send one CSV as the multipart field "file"`);
        }
        upload.file = await part.toBuffer();
      } else {
        upload.fields[part.fieldname] = typeof part.value === 'string' ? part.value : String(part.value);
      }
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new DomainError('too_large', `The file is larger than the ${CSV_MAX_BYTES / 1024 / 1024} MB limit`);
    throw invalid(`The upload is not valid (${(error as Error).message}): send one CSV as the multipart field "file"`);
  }
  return upload;
}
