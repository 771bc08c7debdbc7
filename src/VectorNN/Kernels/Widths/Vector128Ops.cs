using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VectorNN.Kernels.Widths;

/// <summary>128-bit vectors for kernels written against <see cref="IVectorOps{T, TVec}"/>.</summary>
internal readonly struct Vector128Ops<T> : IVectorOps<T, Vector128<T>>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => Vector128<T>.Count;

    public static Vector128<T> Zero => Vector128<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Broadcast(T value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(ref T source, nuint offset) => Vector128.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<T> value, ref T destination, nuint offset) =>
        value.StoreUnsafe(ref destination, offset);

    // Vector128 also serves ARM64, so the conversions are the portable ones (the JIT emits pmovzx/cvtdq2ps on x86).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> LoadConverted<TSource>(ref TSource source, nuint offset)
        where TSource : unmanaged
    {
        ref TSource at = ref Unsafe.Add(ref source, offset);
        if (typeof(TSource) == typeof(byte))
        {
            ref byte bytes = ref Unsafe.As<TSource, byte>(ref at);
            if (typeof(T) == typeof(float))
            {
                Vector128<byte> four = Vector128.CreateScalar(Unsafe.ReadUnaligned<uint>(ref bytes)).AsByte();
                return Vector128.ConvertToSingle(Vector128.WidenLower(Vector128.WidenLower(four)).AsInt32()).As<float, T>();
            }

            Vector128<byte> two = Vector128.CreateScalar(Unsafe.ReadUnaligned<ushort>(ref bytes)).AsByte();
            return Vector128.ConvertToDouble(Vector128.WidenLower(Vector128.WidenLower(Vector128.WidenLower(two)))).As<double, T>();
        }

        if (typeof(TSource) == typeof(float) && typeof(T) == typeof(double))
        {
            Vector128<float> two = Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<TSource, byte>(ref at))).AsSingle();
            return Vector128.WidenLower(two).As<double, T>();
        }

        return Vector128.LoadUnsafe(ref Unsafe.As<TSource, T>(ref at));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreConverted<TDestination>(Vector128<T> value, ref TDestination destination, nuint offset)
        where TDestination : unmanaged
    {
        ref TDestination at = ref Unsafe.Add(ref destination, offset);
        if (typeof(TDestination) == typeof(float) && typeof(T) == typeof(double))
        {
            // Two doubles narrow into the low two floats, stored as one 8-byte value.
            ulong two = Vector128.Narrow(value.AsDouble(), value.AsDouble()).AsUInt64().ToScalar();
            Unsafe.WriteUnaligned(ref Unsafe.As<TDestination, byte>(ref at), two);
        }
        else
        {
            value.StoreUnsafe(ref Unsafe.As<TDestination, T>(ref at));
        }
    }

    // At most three lanes (floats) move one by one; there is no masked store without pointers.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> LoadFirst(ref T source, int count)
    {
        if (count == Vector128<T>.Count)
        {
            return Vector128.LoadUnsafe(ref source);
        }

        Vector128<T> value = Vector128<T>.Zero;
        for (int i = 0; i < count; i++)
        {
            value = value.WithElement(i, Unsafe.Add(ref source, i));
        }

        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreFirst(Vector128<T> value, ref T destination, int count)
    {
        if (count == Vector128<T>.Count)
        {
            value.StoreUnsafe(ref destination);
            return;
        }

        for (int i = 0; i < count; i++)
        {
            Unsafe.Add(ref destination, i) = value.GetElement(i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Add(Vector128<T> x, Vector128<T> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Subtract(Vector128<T> x, Vector128<T> y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Multiply(Vector128<T> x, Vector128<T> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Divide(Vector128<T> x, Vector128<T> y) => x / y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Sqrt(Vector128<T> x) => Vector128.Sqrt(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplyAdd(Vector128<T> x, Vector128<T> y, Vector128<T> addend) =>
        typeof(T) == typeof(float) ? Vector128.MultiplyAddEstimate(x.AsSingle(), y.AsSingle(), addend.AsSingle()).As<float, T>() :
        typeof(T) == typeof(double) ? Vector128.MultiplyAddEstimate(x.AsDouble(), y.AsDouble(), addend.AsDouble()).As<double, T>() :
        x * y + addend;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Max(Vector128<T> x, Vector128<T> y) => Vector128.Max(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Min(Vector128<T> x, Vector128<T> y) => Vector128.Min(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Clamp(Vector128<T> x, Vector128<T> min, Vector128<T> max) => Vector128.ClampNative(x, min, max);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Abs(Vector128<T> x) => Vector128.Abs(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> CopySign(Vector128<T> value, Vector128<T> sign) => Vector128.CopySign(value, sign);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> LessThan(Vector128<T> x, Vector128<T> y) => Vector128.LessThan(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> LessThanOrEqual(Vector128<T> x, Vector128<T> y) => Vector128.LessThanOrEqual(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> GreaterThan(Vector128<T> x, Vector128<T> y) => Vector128.GreaterThan(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> IsNaN(Vector128<T> x) => Vector128.IsNaN(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Select(Vector128<T> mask, Vector128<T> ifTrue, Vector128<T> ifFalse) => Vector128.ConditionalSelect(mask, ifTrue, ifFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> ShiftIntoExponent(Vector128<T> x) =>
        typeof(T) == typeof(double)
            ? Vector128.ShiftLeft(x.AsUInt64(), 52).As<ulong, T>()
            : Vector128.ShiftLeft(x.AsUInt32(), 23).As<uint, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> InDouble<TFunction>(Vector128<T> x, TFunction function)
        where TFunction : struct, Ops.IDoubleFunction
    {
        if (typeof(T) == typeof(float))
        {
            (Vector128<double> lower, Vector128<double> upper) = Vector128.Widen(x.AsSingle());
            return Vector128.Narrow(
                function.Invoke<Vector128<double>, Vector128Ops<double>>(lower, true),
                function.Invoke<Vector128<double>, Vector128Ops<double>>(upper, true)).As<float, T>();
        }

        return function.Invoke<Vector128<double>, Vector128Ops<double>>(x.AsDouble(), false).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector128<T> value) => Vector128.Sum(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAcross(Vector128<T> value)
    {
        T max = value.GetElement(0);
        for (int i = 1; i < Vector128<T>.Count; i++)
        {
            max = T.Max(max, value.GetElement(i));
        }

        return max;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> KeepLast(Vector128<T> value, int count, Vector128<T> fill)
    {
        Vector128<T> keep = Vector128.GreaterThanOrEqual(
            Vector128<T>.Indices, Vector128.Create(T.CreateTruncating(Vector128<T>.Count - count)));
        return Vector128.ConditionalSelect(keep, value, fill);
    }
}
