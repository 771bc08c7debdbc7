using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Ops;

/// <summary>
/// Runs an <see cref="IDoubleFunction"/> as an element-wise operator. Float lanes are widened to double, evaluated
/// and rounded back once, which makes float results accurate to about one ULP at little cost; double lanes are
/// evaluated directly. The <c>typeof(T)</c> tests are written out at each use, not behind a property, because the JIT
/// folds them even where it runs out of inlining budget; each specialization then keeps one branch.
/// </summary>
internal readonly struct ViaDoubleOperator<T, TFunction>(TFunction function) : IUnaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TFunction : struct, IDoubleFunction
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Invoke(T x) =>
        T.CreateTruncating(function.Invoke<double, ScalarOps<double>>(double.CreateTruncating(x), typeof(T) == typeof(float)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<T> Invoke(Vector128<T> x)
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
    public Vector256<T> Invoke(Vector256<T> x)
    {
        if (typeof(T) == typeof(float))
        {
            (Vector256<double> lower, Vector256<double> upper) = Vector256.Widen(x.AsSingle());
            return Vector256.Narrow(
                function.Invoke<Vector256<double>, Vector256Ops<double>>(lower, true),
                function.Invoke<Vector256<double>, Vector256Ops<double>>(upper, true)).As<float, T>();
        }

        return function.Invoke<Vector256<double>, Vector256Ops<double>>(x.AsDouble(), false).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> x)
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
}
