namespace VectorNN.Training;

/// <summary>The worst agreement between back-propagation and finite differences in one layer (see <see cref="GradientCheck"/>).</summary>
/// <param name="Layer">The layer, from 0.</param>
/// <param name="MaxRelativeError">The largest relative error over the layer's weights and biases.</param>
/// <param name="ParameterIndex">The arena index of the parameter where it occurs.</param>
/// <param name="Backpropagated">That parameter's back-propagated gradient.</param>
/// <param name="Numeric">That parameter's central-difference gradient.</param>
public sealed record LayerGradientError(int Layer, double MaxRelativeError, int ParameterIndex, double Backpropagated, double Numeric);
