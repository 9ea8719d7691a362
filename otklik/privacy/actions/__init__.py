"""The only writers of the privacy app's tables: retention acts, their ledger, the export audit."""
