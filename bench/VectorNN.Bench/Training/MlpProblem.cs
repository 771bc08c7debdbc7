using VectorNN.Bench.Kernels;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Training;

namespace VectorNN.Bench.Training;

/// <summary>
/// The Fashion-MNIST-sized problem shared by the MLP step and inference benchmarks: the 784-256-128-10 network (ReLU,
/// softmax, He initialization, seed 1), random inputs in [-1, 1) and one-hot targets, so every class measures the same
/// computation.
/// </summary>
internal static class MlpProblem
{
    /// <summary>The SGD learning rate of the step benchmarks.</summary>
    public const double LearningRate = 0.01;

    /// <summary>A batch of random samples [batch x 784].</summary>
    public static float[] Inputs(int batch) => Operands.Random<float>(batch * 784, 1);

    /// <summary>One-hot targets [batch x 10], sample s of class s mod 10.</summary>
    public static float[] Targets(int batch)
    {
        var targets = new float[batch * 10];
        for (int s = 0; s < batch; s++)
        {
            targets[(s * 10) + (s % 10)] = 1;
        }

        return targets;
    }

    /// <summary>The network, initialized.</summary>
    public static Network<float> Network()
    {
        var network = new Network<float>(
            784, new LayerSpec(256, Activation.Relu), new LayerSpec(128, Activation.Relu), new LayerSpec(10, Activation.Softmax));
        network.Initialize(new WeightInit.He(), seed: 1);
        return network;
    }

    /// <summary>A trainer of a fresh network with softmax cross-entropy and batches of <paramref name="batch"/>.</summary>
    public static Trainer<float> Trainer(Optimizer<float> optimizer, int batch) =>
        new(Network(), optimizer, new TrainingOptions { Loss = Loss.CrossEntropy, BatchSize = batch });

    /// <summary>A trainer with plain SGD at <see cref="LearningRate"/>.</summary>
    public static Trainer<float> SgdTrainer(int batch) => Trainer(new Sgd<float>(LearningRate), batch);

    /// <summary>Floating-point operations of the step's matrix products: forward, dW and (above the first layer) dX.</summary>
    public static double StepFlops(int batch) =>
        2.0 * batch * ((784 * 256 * 2) + (256 * 128 * 3) + (128 * 10 * 3));
}
