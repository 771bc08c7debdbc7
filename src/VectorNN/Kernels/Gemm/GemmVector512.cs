using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using VectorNN.Kernels.Ops;

namespace VectorNN.Kernels;

/// <summary>The GEMM micro-kernel's operations on <see cref="Vector512{T}"/>.</summary>
internal readonly struct GemmVector512<T> : IGemmVector<Vector512<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => Vector512<T>.Count;

    public static bool Wide => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T source, nint offset) => Vector512.LoadUnsafe(ref source, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T destination, nint offset) =>
        value.StoreUnsafe(ref destination, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c) => FusedMultiplyAdd.Invoke(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;
}
