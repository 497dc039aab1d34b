#include <sqlite3.h>

/// sqlite3_db_config is variadic, which Swift cannot call: the settings a database from someone
/// else is opened with (no writes through the defensive flag, its schema's triggers and views not
/// trusted to run functions).
static inline void rr_sqlite_harden(sqlite3 *db) {
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)0);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)0);
}
