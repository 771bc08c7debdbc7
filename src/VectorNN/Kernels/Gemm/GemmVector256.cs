using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using VectorNN.Kernels.Ops;

namespace VectorNN.Kernels;

/// <summary>The GEMM micro-kernel's operations on <see cref="Vector256{T}"/>.</summary>
internal readonly struct GemmVector256<T> : IGemmVector<Vector256<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => Vector256<T>.Count;

    public static bool Wide => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref T source, nint offset) => Vector256.LoadUnsafe(ref source, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, ref T destination, nint offset) =>
        value.StoreUnsafe(ref destination, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c) => FusedMultiplyAdd.Invoke(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;
}
