using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using VectorNN.Kernels.Ops;

namespace VectorNN.Kernels;

/// <summary>The GEMM micro-kernel's operations on <see cref="Vector128{T}"/>.</summary>
internal readonly struct GemmVector128<T> : IGemmVector<Vector128<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => Vector128<T>.Count;

    public static bool Wide => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(ref T source, nint offset) => Vector128.LoadUnsafe(ref source, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<T> value, ref T destination, nint offset) =>
        value.StoreUnsafe(ref destination, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Broadcast(T value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplyAdd(Vector128<T> a, Vector128<T> b, Vector128<T> c) => FusedMultiplyAdd.Invoke(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Add(Vector128<T> a, Vector128<T> b) => a + b;
}
