"""Reading uploaded files, the upload contract and storing snapshots."""
