"""Status rules and the questions leaders ask of the stored snapshots."""
