// SPDX-License-Identifier: Apache-2.0
// Everything in mtasts::parser.
#pragma once

#include "mtasts/ascii.h"
#include "mtasts/cert_name.h"
#include "mtasts/error.h"
#include "mtasts/extension.h"
#include "mtasts/host_name.h"
#include "mtasts/mx_pattern.h"
#include "mtasts/options.h"
#include "mtasts/policy.h"
#include "mtasts/result.h"
#include "mtasts/tlsrpt_record.h"
#include "mtasts/txt_record.h"
#include "mtasts/uri.h"
#include "mtasts/utf8.h"
