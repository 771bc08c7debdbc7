using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Ops;

namespace VectorNN.Kernels;

/// <summary>The GEMM micro-kernel's operations on single elements, for the path without hardware vectors.</summary>
internal readonly struct GemmScalar<T> : IGemmVector<T, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => 1;

    public static bool Wide => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load(ref T source, nint offset) => Unsafe.Add(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T value, ref T destination, nint offset) => Unsafe.Add(ref destination, offset) = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Broadcast(T value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MultiplyAdd(T a, T b, T c) => FusedMultiplyAdd.Invoke(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Add(T a, T b) => a + b;
}
