using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VectorNN.Kernels.Ops;

/// <summary>The sum of x (y is ignored).</summary>
internal readonly struct SumAggregate<T> : IAggregateOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public T Seed => T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Accumulate(T accumulator, T x, T y) => accumulator + x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<T> Accumulate(Vector128<T> accumulator, Vector128<T> x, Vector128<T> y) => accumulator + x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Accumulate(Vector256<T> accumulator, Vector256<T> x, Vector256<T> y) => accumulator + x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Accumulate(Vector512<T> accumulator, Vector512<T> x, Vector512<T> y) => accumulator + x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Combine(T a, T b) => a + b;
}
