#include "ims2/error.h"

#include <stdarg.h>
#include <stdio.h>

int error_set(struct ims2_error *err, int status, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return status;
	err->status = status;
	err->hint[0] = '\0';
	err->field[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return status;
}

int error_hint(struct ims2_error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return IMS2_OK;
	va_start(ap, fmt);
	vsnprintf(err->hint, sizeof(err->hint), fmt, ap);
	va_end(ap);
	return err->status;
}

int error_field(struct ims2_error *err, const char *field)
{
	if (!err)
		return IMS2_OK;
	snprintf(err->field, sizeof(err->field), "%s", field);
	return err->status;
}

void error_clear(struct ims2_error *err)
{
	if (!err)
		return;
	err->status = IMS2_OK;
	err->message[0] = '\0';
	err->hint[0] = '\0';
	err->field[0] = '\0';
}

int error_exit_code(int status)
{
	switch (status) {
	case IMS2_OK:
	case IMS2_GAPS:
	case IMS2_USAGE:
	case IMS2_WORKSPACE:
	case IMS2_IO:
		return status;
	case IMS2_INVALID:
		return IMS2_USAGE;
	case IMS2_READONLY:
		return IMS2_WORKSPACE;
	default:
		if (status > IMS2_SIGNALLED && status < IMS2_SIGNALLED + 64)
			return status;
		return IMS2_IO;
	}
}
