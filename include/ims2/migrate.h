/* The numbered migrations of the workspace schema (src/core/migrate.c). */
#ifndef IMS2_MIGRATE_H
#define IMS2_MIGRATE_H

#include <stdbool.h>

/* The schema version this build writes: the number of migrations. */
int migrate_count(void);
/* The SQL of migration `version` (1-based), or NULL. */
const char *migrate_sql(int version);
/*
 * True when table is one of the engine's own (meta, the change log, record_link...): every
 * other table of the schema is a register that a screen file declares.
 */
bool migrate_engine_table(const char *table);

#endif
