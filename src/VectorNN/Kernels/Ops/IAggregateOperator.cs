using System.Runtime.Intrinsics;

namespace VectorNN.Kernels.Ops;

/// <summary>
/// A reduction over one or two spans (sum, max, dot), given once per vector width like
/// <see cref="IBinaryOperator{T}"/>: lanes accumulate independently and are combined lane by lane at the end.
/// </summary>
internal interface IAggregateOperator<T>
{
    /// <summary>The identity of <see cref="Combine"/>, the starting value of every lane.</summary>
    T Seed { get; }

    T Accumulate(T accumulator, T x, T y);

    Vector128<T> Accumulate(Vector128<T> accumulator, Vector128<T> x, Vector128<T> y);

    Vector256<T> Accumulate(Vector256<T> accumulator, Vector256<T> x, Vector256<T> y);

    Vector512<T> Accumulate(Vector512<T> accumulator, Vector512<T> x, Vector512<T> y);

    T Combine(T a, T b);
}
