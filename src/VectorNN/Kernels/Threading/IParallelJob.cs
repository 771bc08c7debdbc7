namespace VectorNN.Kernels.Threading;

/// <summary>Work that <see cref="WorkerPool"/> splits into numbered parts, each run once, on any thread.</summary>
internal interface IParallelJob
{
    /// <summary>Runs part <paramref name="part"/> of the job's parts; parts write disjoint outputs.</summary>
    void Execute(int part);
}
