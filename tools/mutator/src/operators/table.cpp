// The one table of mutation operators. A new operator is one new class in this folder and one line here.

#include "mutator/operator.hpp"

namespace mutator {
namespace operators {
const MutationOperator& ror_operator();
const MutationOperator& aor_operator();
const MutationOperator& lcr_operator();
const MutationOperator& uoi_operator();
const MutationOperator& uod_operator();
const MutationOperator& sdl_operator();
const MutationOperator& cr_operator();
const MutationOperator& rvr_operator();
const MutationOperator& slr_operator();
}  // namespace operators

std::span<const MutationOperator* const> all_operators() {
    static const MutationOperator* const kOperators[] = {
        &operators::ror_operator(), &operators::aor_operator(), &operators::lcr_operator(),
        &operators::uoi_operator(), &operators::uod_operator(), &operators::sdl_operator(),
        &operators::cr_operator(),  &operators::rvr_operator(), &operators::slr_operator(),
    };
    return kOperators;
}

}  // namespace mutator
