using System.Numerics;
using VectorNN.Kernels;

namespace VectorNN.Layers;

/// <summary>Applies an <see cref="Activation"/> and its derivative to the rows of a batch, with the kernels.</summary>
public static class ActivationLayer
{
    /// <summary>The slope of <see cref="Activation.LeakyRelu"/> for negative inputs (PyTorch's default).</summary>
    public const double LeakyReluSlope = 0.01;

    /// <summary>y = f(z) for each of <paramref name="rows"/> rows of <paramref name="columns"/> values.</summary>
    /// <param name="activation">The function.</param>
    /// <param name="z">Pre-activations [rows x columns].</param>
    /// <param name="rows">Number of rows (samples).</param>
    /// <param name="columns">Number of columns (the layer's outputs).</param>
    /// <param name="y">The result [rows x columns]; may be <paramref name="z"/>.</param>
    /// <exception cref="ArgumentException">A span is too short, the spans partially overlap, or the activation is undefined.</exception>
    public static void Forward<T>(Activation activation, ReadOnlySpan<T> z, int rows, int columns, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = checked(rows * columns);
        ReadOnlySpan<T> x = z[..n];
        Span<T> output = y[..n];
        if (ActivationRows<T>.Splits(rows, columns))
        {
            // Checked before the split, so that a wrong argument throws before any row is written.
            if (activation is < Activation.Identity or > Activation.Softmax)
            {
                throw Undefined(activation);
            }

            Guard.InPlaceOrDisjoint<T>(x, output, nameof(y));
            ActivationRows<T>.Run(activation, x, rows, columns, output);
        }
        else
        {
            Apply(activation, x, rows, columns, output);
        }
    }

    /// <summary>y = f(x) over [rows x columns] on the calling thread.</summary>
    internal static void Apply<T>(Activation activation, ReadOnlySpan<T> x, int rows, int columns, Span<T> output)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (activation)
        {
            case Activation.Identity: ActivationKernels.Identity(x, output); break;
            case Activation.Logistic: ActivationKernels.Logistic(x, output); break;
            case Activation.Tanh: ActivationKernels.Tanh(x, output); break;
            case Activation.Relu: ActivationKernels.Relu(x, output); break;
            case Activation.LeakyRelu: ActivationKernels.LeakyRelu(x, T.CreateTruncating(LeakyReluSlope), output); break;
            case Activation.Softmax: ActivationKernels.Softmax(x, rows, columns, output); break;
            default: throw Undefined(activation);
        }
    }

    /// <summary>
    /// dz = f'(z) dy from the forward output y, for each row; for <see cref="Activation.Softmax"/> the full Jacobian
    /// diag(y) - y y^T of each row.
    /// </summary>
    /// <param name="activation">The function.</param>
    /// <param name="y">The forward output [rows x columns].</param>
    /// <param name="dy">The gradient with respect to <paramref name="y"/> [rows x columns].</param>
    /// <param name="rows">Number of rows (samples).</param>
    /// <param name="columns">Number of columns (the layer's outputs).</param>
    /// <param name="dz">The gradient with respect to z [rows x columns]; may be <paramref name="dy"/>.</param>
    /// <exception cref="ArgumentException">A span is too short, the spans partially overlap, or the activation is undefined.</exception>
    public static void Backward<T>(Activation activation, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, int rows, int columns, Span<T> dz)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = checked(rows * columns);
        ReadOnlySpan<T> output = y[..n];
        ReadOnlySpan<T> gradient = dy[..n];
        Span<T> destination = dz[..n];
        switch (activation)
        {
            case Activation.Identity: ActivationKernels.IdentityBackward(output, gradient, destination); break;
            case Activation.Logistic: ActivationKernels.LogisticBackward(output, gradient, destination); break;
            case Activation.Tanh: ActivationKernels.TanhBackward(output, gradient, destination); break;
            case Activation.Relu: ActivationKernels.ReluBackward(output, gradient, destination); break;
            case Activation.LeakyRelu:
                ActivationKernels.LeakyReluBackward(output, gradient, T.CreateTruncating(LeakyReluSlope), destination);
                break;
            case Activation.Softmax: ActivationKernels.SoftmaxBackward(output, gradient, rows, columns, destination); break;
            default: throw Undefined(activation);
        }
    }

    private static ArgumentOutOfRangeException Undefined(Activation activation) =>
        new(nameof(activation), activation, "Expected a defined Activation value.");
}
