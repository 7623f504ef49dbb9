"""Use cases. Each public function is one transaction's worth of work on a given session;
callers open the transaction (`member_app.db.transaction`) so that a retry repeats all of it."""
