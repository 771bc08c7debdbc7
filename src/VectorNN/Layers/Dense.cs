using System.Numerics;
using VectorNN.Kernels;
using VectorNN.Memory;

namespace VectorNN.Layers;

/// <summary>
/// The forward and backward pass of a dense layer over its slice of the parameter arena. A batch of one takes the
/// matrix-vector kernels, larger batches the GEMM. Callers have checked every shape.
/// </summary>
internal static class Dense
{
    /// <summary>z = x W^T + b.</summary>
    public static void Forward<T>(LayerSlice layer, ReadOnlySpan<T> parameters, ReadOnlySpan<T> x, int batch, Span<T> z)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Forward(layer, parameters, x, batch, z, batch);

    /// <summary>z = x W^T + b for <paramref name="batch"/> rows that are a block of a batch of <paramref name="pathRows"/>, each computed as in the whole batch.</summary>
    public static void Forward<T>(LayerSlice layer, ReadOnlySpan<T> parameters, ReadOnlySpan<T> x, int batch, Span<T> z, int pathRows)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // x: [batch, in]  W: [out, in]  b: [out]  z: [batch, out]
        ReadOnlySpan<T> w = parameters.Slice(layer.WeightOffset, layer.WeightCount);
        ReadOnlySpan<T> b = parameters.Slice(layer.BiasOffset, layer.Outputs);
        if (batch == 1)
        {
            Gemv.Multiply(w, x, b, layer.Outputs, layer.Inputs, z);
        }
        else
        {
            Gemm.Linear(x, w, b, batch, layer.Inputs, layer.Outputs, z, pathRows);
        }
    }

    /// <summary>dW = dz^T x and db = the column sums of dz, both overwritten (the gradient contract of Backpropagation).</summary>
    public static void WeightGradients<T>(LayerSlice layer, Span<T> gradients, ReadOnlySpan<T> x, ReadOnlySpan<T> dz, int batch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // x: [batch, in]  dz: [batch, out]  dW: [out, in]  db: [out]
        Span<T> dw = gradients.Slice(layer.WeightOffset, layer.WeightCount);
        Span<T> db = gradients.Slice(layer.BiasOffset, layer.Outputs);
        if (batch == 1)
        {
            dw.Clear();
            Ger.Accumulate(dz, x, layer.Outputs, layer.Inputs, dw);
        }
        else
        {
            Gemm.WeightGradient(dz, x, layer.Outputs, layer.Inputs, batch, dw);
        }

        db.Clear();
        Reduce.AccumulateColumnSums(dz, batch, layer.Outputs, db);
    }

    /// <summary>dx = dz W (overwritten).</summary>
    public static void InputGradient<T>(LayerSlice layer, ReadOnlySpan<T> parameters, ReadOnlySpan<T> dz, int batch, Span<T> dx)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // dz: [batch, out]  W: [out, in]  dx: [batch, in]
        ReadOnlySpan<T> w = parameters.Slice(layer.WeightOffset, layer.WeightCount);
        if (batch == 1)
        {
            Gemv.MultiplyTransposed(w, dz, layer.Outputs, layer.Inputs, dx);
        }
        else
        {
            Gemm.Multiply(dz, MatrixTranspose.None, w, MatrixTranspose.None, batch, layer.Inputs, layer.Outputs, dx);
        }
    }
}
