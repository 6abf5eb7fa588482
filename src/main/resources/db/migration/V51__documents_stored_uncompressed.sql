-- Uploaded documents are PDFs, JPEGs and PNGs: already compressed. PostgreSQL would try to
-- compress each one again before storing it out of line; on a click day that is thousands of
-- wasted attempts a minute. EXTERNAL keeps them out of line, uncompressed.
ALTER TABLE bando_documents ALTER COLUMN content SET STORAGE EXTERNAL;
