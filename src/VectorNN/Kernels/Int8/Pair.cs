namespace VectorNN.Kernels.Int8;

/// <summary>Two registers that travel together through a panel step (the halves of a panel, or its even and odd bytes).</summary>
internal readonly struct Pair<T>(T first, T second)
    where T : struct
{
    public T First { get; } = first;

    public T Second { get; } = second;
}
