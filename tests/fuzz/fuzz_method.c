/* Fuzz target: the risk method parser (src/core/risk.c), then the grid of what it accepted. */
#include <stddef.h>
#include <stdint.h>

#include "ims2/risk.h"
#include "ims2/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ims2_error err;
	struct risk_method m = { 0 };

	if (risk_method_load_text(&m, "fuzz", (const char *)data, size, &err) == 0) {
		struct strbuf grid = { 0 };
		int level;
		risk_method_grid_markdown(&m, &grid);
		strbuf_release(&grid);
		risk_level(&m, 1, 1, &level, &err);
	}
	risk_method_release(&m);
	return 0;
}
