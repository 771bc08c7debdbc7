// FsCheck properties are CPU-bound; two cores gain nothing from running classes in parallel with each other.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = false, MaxParallelThreads = 2)]
