"""A report as a document: its blocks (content.py), drawn to PDF (pdf_writer.py) and DOCX
(docx_writer.py), with charts as PNG images (charts.py) and Russian typography (typography.py)."""
