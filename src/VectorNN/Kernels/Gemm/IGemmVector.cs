using System.Numerics;

namespace VectorNN.Kernels;

/// <summary>
/// The few operations the GEMM micro-kernel needs from one register width, so a single generic kernel serves
/// Vector512, Vector256, Vector128 and scalar. Implementations are structs with static members: the JIT specializes
/// the kernel per width and inlines every call, so the accumulators stay plain registers.
/// </summary>
/// <typeparam name="TVec">The register type: a hardware vector of <typeparamref name="T"/>, or <typeparamref name="T"/> itself.</typeparam>
/// <typeparam name="T">The element type, float or double.</typeparam>
internal interface IGemmVector<TVec, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Elements per register.</summary>
    static abstract int Count { get; }

    /// <summary>
    /// Whether a tile row is four registers wide rather than two: true only where 32 registers leave room for
    /// 6 x 4 accumulators plus the four B registers and a broadcast.
    /// </summary>
    static abstract bool Wide { get; }

    static abstract TVec Load(ref T source, nint offset);

    static abstract void Store(TVec value, ref T destination, nint offset);

    static abstract TVec Broadcast(T value);

    static abstract TVec MultiplyAdd(TVec a, TVec b, TVec c);

    static abstract TVec Add(TVec a, TVec b);
}
