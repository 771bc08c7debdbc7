using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VectorNN.Kernels.Ops;

/// <summary>The largest x (y is ignored); NaN wins, as in <see cref="Math.Max(double, double)"/>.</summary>
internal readonly struct MaxAggregate<T> : IAggregateOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public T Seed => T.NegativeInfinity;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Accumulate(T accumulator, T x, T y) => T.Max(accumulator, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<T> Accumulate(Vector128<T> accumulator, Vector128<T> x, Vector128<T> y) => Vector128.Max(accumulator, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Accumulate(Vector256<T> accumulator, Vector256<T> x, Vector256<T> y) => Vector256.Max(accumulator, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Accumulate(Vector512<T> accumulator, Vector512<T> x, Vector512<T> y) => Vector512.Max(accumulator, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Combine(T a, T b) => T.Max(a, b);
}
