// Test classes run in parallel, one per core: the FsCheck properties are CPU-bound, so more threads than the two
// cores of the CI machine would only add switching.
[assembly: Xunit.CollectionBehavior(MaxParallelThreads = 2)]
