// Test classes run in parallel, one per core of the CI machine (the properties are CPU-bound).
[assembly: Xunit.CollectionBehavior(MaxParallelThreads = 2)]
