-- Sessions ended before $before: signed out, expired, or ended by a disabled account or a password
-- reset. A session nobody used again after it expired has no end recorded; it counts as ended at
-- its last use, which is later than its real end (idle limit) and so never purges a live one
-- sooner than $before allows. The audit log keeps every sign-in and sign-out.
delete from sessions
where coalesce(ended_at, last_seen) < $before
