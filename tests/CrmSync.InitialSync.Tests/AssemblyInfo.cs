// One system at a time: on a two-core machine a fault test's timings (503 within the accept timeout) must not
// depend on the load test running beside it, and the suite stays well inside its time budget anyway.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
