using System.Diagnostics;
using VectorNN.Kernels;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Training;

// The time of each of the first calls of one operation in a fresh process, as a library user's program meets them:
// tiered compilation decides when the kernels' code is optimized. One operation per process, because the first one
// would warm the kernels the others share. Prints one line: the operation and the microseconds of each call.
//
// Usage: VectorNN.FirstCalls gemm512|predict1|predict256|train128 [calls]   (bench/first-calls.sh runs them all)
string operation = args.Length > 0 ? args[0] : "gemm512";
int calls = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 30;
Action call = operation switch
{
    "gemm512" => Gemm512(),
    "predict1" => Predict(1),
    "predict256" => Predict(256),
    "train128" => TrainStep(128),
    _ => throw new ArgumentException($"unknown operation '{operation}': gemm512, predict1, predict256 or train128"),
};

var times = new double[calls];
for (int i = 0; i < calls; i++)
{
    long start = Stopwatch.GetTimestamp();
    call();
    times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
}

Console.WriteLine($"{operation}\t{string.Join(' ', times.Select(t => t.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))}");

static float[] Random(int length, int seed)
{
    var random = new Random(seed);
    var values = new float[length];
    for (int i = 0; i < length; i++)
    {
        values[i] = (random.NextSingle() * 2) - 1;
    }

    return values;
}

static Action Gemm512()
{
    const int n = 512;
    float[] a = Random(n * n, 1), b = Random(n * n, 2), c = new float[n * n];
    return () => Gemm.Multiply<float>(a, MatrixTranspose.None, b, MatrixTranspose.None, n, n, n, c);
}

// The Fashion-MNIST network of the benchmarks: 784-256-128-10, ReLU, softmax, He initialization.
static Network<float> Mlp()
{
    var network = new Network<float>(
        784, new LayerSpec(256, Activation.Relu), new LayerSpec(128, Activation.Relu), new LayerSpec(10, Activation.Softmax));
    network.Initialize(new WeightInit.He(), seed: 1);
    return network;
}

static Action Predict(int batch)
{
    Network<float> network = Mlp();
    float[] inputs = Random(batch * 784, 3), outputs = new float[batch * 10];
    return () => network.Predict(inputs, batch, outputs);
}

static Action TrainStep(int batch)
{
    var trainer = new Trainer<float>(Mlp(), new Sgd<float>(0.01), new TrainingOptions { Loss = Loss.CrossEntropy, BatchSize = batch });
    float[] inputs = Random(batch * 784, 4), targets = new float[batch * 10];
    for (int s = 0; s < batch; s++)
    {
        targets[(s * 10) + (s % 10)] = 1;
    }

    return () => trainer.TrainBatch(inputs, targets, batch);
}
