#pragma once
// The report vocabulary the renderers use: mlab/report/view.hpp, named in the mutator's namespace.

#include "mlab/report/view.hpp"
#include "mutator/config.hpp"
#include "mutator/mutant_result.hpp"

namespace mutator {

using mlab::FileView;
using mlab::MutantView;
using mlab::ReportView;
using mlab::score_text;
using mlab::TestView;
using mlab::view_report;

}  // namespace mutator
