using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VectorNN.Kernels.Widths;

/// <summary>512-bit vectors for kernels written against <see cref="IVectorOps{T, TVec}"/>.</summary>
internal readonly struct Vector512Ops<T> : IVectorOps<T, Vector512<T>>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => Vector512<T>.Count;

    public static Vector512<T> Zero => Vector512<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T destination, nuint offset) =>
        value.StoreUnsafe(ref destination, offset);

    // Vector512 is accelerated only with AVX-512F (x86), so its instructions are used directly: one zero-extension
    // (vpmovzx) and one conversion per vector.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> LoadConverted<TSource>(ref TSource source, nuint offset)
        where TSource : unmanaged
    {
        ref TSource at = ref Unsafe.Add(ref source, offset);
        if (typeof(TSource) == typeof(byte))
        {
            ref byte bytes = ref Unsafe.As<TSource, byte>(ref at);
            return typeof(T) == typeof(float)
                ? Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref bytes))).As<float, T>()
                : Avx512F.ConvertToVector512Double(Avx2.ConvertToVector256Int32(Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref bytes)).AsByte())).As<double, T>();
        }

        if (typeof(TSource) == typeof(float) && typeof(T) == typeof(double))
        {
            return Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref Unsafe.As<TSource, float>(ref at))).As<double, T>();
        }

        return Vector512.LoadUnsafe(ref Unsafe.As<TSource, T>(ref at));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreConverted<TDestination>(Vector512<T> value, ref TDestination destination, nuint offset)
        where TDestination : unmanaged
    {
        ref TDestination at = ref Unsafe.Add(ref destination, offset);
        if (typeof(TDestination) == typeof(float) && typeof(T) == typeof(double))
        {
            Avx512F.ConvertToVector256Single(value.AsDouble()).StoreUnsafe(ref Unsafe.As<TDestination, float>(ref at));
        }
        else
        {
            value.StoreUnsafe(ref Unsafe.As<TDestination, T>(ref at));
        }
    }

    // Whole halves move as Vector256 registers, the rest through Vector256Ops: 10 floats of a 16-lane register are one
    // 256-bit store, one 128-bit store and two elements rather than ten.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> LoadFirst(ref T source, int count)
    {
        int half = Vector256<T>.Count;
        return count <= half
            ? Vector512.Create(Vector256Ops<T>.LoadFirst(ref source, count), Vector256<T>.Zero)
            : Vector512.Create(Vector256.LoadUnsafe(ref source), Vector256Ops<T>.LoadFirst(ref Unsafe.Add(ref source, half), count - half));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreFirst(Vector512<T> value, ref T destination, int count)
    {
        int half = Vector256<T>.Count;
        if (count <= half)
        {
            Vector256Ops<T>.StoreFirst(value.GetLower(), ref destination, count);
        }
        else
        {
            value.GetLower().StoreUnsafe(ref destination);
            Vector256Ops<T>.StoreFirst(value.GetUpper(), ref Unsafe.Add(ref destination, half), count - half);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> x, Vector512<T> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Subtract(Vector512<T> x, Vector512<T> y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Multiply(Vector512<T> x, Vector512<T> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Divide(Vector512<T> x, Vector512<T> y) => x / y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sqrt(Vector512<T> x) => Vector512.Sqrt(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> x, Vector512<T> y, Vector512<T> addend) =>
        typeof(T) == typeof(float) ? Vector512.MultiplyAddEstimate(x.AsSingle(), y.AsSingle(), addend.AsSingle()).As<float, T>() :
        typeof(T) == typeof(double) ? Vector512.MultiplyAddEstimate(x.AsDouble(), y.AsDouble(), addend.AsDouble()).As<double, T>() :
        x * y + addend;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Max(Vector512<T> x, Vector512<T> y) => Vector512.Max(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Min(Vector512<T> x, Vector512<T> y) => Vector512.Min(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Clamp(Vector512<T> x, Vector512<T> min, Vector512<T> max) => Vector512.ClampNative(x, min, max);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Abs(Vector512<T> x) => Vector512.Abs(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> CopySign(Vector512<T> value, Vector512<T> sign) => Vector512.CopySign(value, sign);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> LessThan(Vector512<T> x, Vector512<T> y) => Vector512.LessThan(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> LessThanOrEqual(Vector512<T> x, Vector512<T> y) => Vector512.LessThanOrEqual(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> GreaterThan(Vector512<T> x, Vector512<T> y) => Vector512.GreaterThan(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> IsNaN(Vector512<T> x) => Vector512.IsNaN(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Select(Vector512<T> mask, Vector512<T> ifTrue, Vector512<T> ifFalse) => Vector512.ConditionalSelect(mask, ifTrue, ifFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> ShiftIntoExponent(Vector512<T> x) =>
        typeof(T) == typeof(double)
            ? Vector512.ShiftLeft(x.AsUInt64(), 52).As<ulong, T>()
            : Vector512.ShiftLeft(x.AsUInt32(), 23).As<uint, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> InDouble<TFunction>(Vector512<T> x, TFunction function)
        where TFunction : struct, Ops.IDoubleFunction
    {
        if (typeof(T) == typeof(float))
        {
            (Vector512<double> lower, Vector512<double> upper) = Vector512.Widen(x.AsSingle());
            return Vector512.Narrow(
                function.Invoke<Vector512<double>, Vector512Ops<double>>(lower, true),
                function.Invoke<Vector512<double>, Vector512Ops<double>>(upper, true)).As<float, T>();
        }

        return function.Invoke<Vector512<double>, Vector512Ops<double>>(x.AsDouble(), false).As<double, T>();
    }

    // Folds the halves together, then sums the 256-bit vector: .NET 10's Vector512.Sum reduces each of the four
    // 128-bit lanes on its own and then adds the lane sums (24 instructions against 8), which made a loop of
    // 128-column dot products 25% slower (bench/RESULTS.md, "Horizontal sums").
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector512<T> value) => Vector256Ops<T>.Sum(value.GetLower() + value.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAcross(Vector512<T> value)
    {
        T max = value.GetElement(0);
        for (int i = 1; i < Vector512<T>.Count; i++)
        {
            max = T.Max(max, value.GetElement(i));
        }

        return max;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> KeepLast(Vector512<T> value, int count, Vector512<T> fill)
    {
        Vector512<T> keep = Vector512.GreaterThanOrEqual(
            Vector512<T>.Indices, Vector512.Create(T.CreateTruncating(Vector512<T>.Count - count)));
        return Vector512.ConditionalSelect(keep, value, fill);
    }
}
