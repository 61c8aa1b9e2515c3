#pragma once

/// The fare of a taxi ride: a flag fall, then a price per started kilometre, capped.
int fare_cents(int metres);
