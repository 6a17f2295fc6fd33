// LensEngine: tensors on BLAS, layers, models and every derivative the three papers'
// optimizers need.
//
// What to use (all generic over Float and Double):
//   let net = try Network<Float>(.fashionMNISTMLP)            // or Network(inputWidth:layers:),
//                                                              // Network(inputShape:layers:) with LayerSpec
//   var rng = SeededGenerator(key: …)
//   var theta = net.initialParameters(.haikuTruncatedNormal, using: &rng)   // or .pytorchDefault
//   let objective = NetworkObjective(network: net, loss: .softmaxCrossEntropy) // or .mseHalf
//   let lin = objective.linearize(at: theta, on: batch)       // one forward pass, reused below
//   lin.loss; lin.gradient(into: &g)
//   lin.outputJVP(v)                                          // J v, [B, outputs]
//   lin.ggnVectorProduct(v, into: &gv); lin.ggnGram([d, δ])   // Fisher/GGN (MSE: output Fisher = I)
//   lin.hessianVectorProduct(v, into: &hv)                    // exact (R-backprop)
//   lin.gradientAndHessianVectorProduct(v, gradient: &g, hessianVectorProduct: &hv)
//   lin.kroneckerStatistics(.trueLabels | .sampledLabels(ys) | .sampledGaussianNoise(eps) | .exactFisher)
//   lin.sampleLabels(using: &rng); lin.probabilities; lin.outputs
//   objective.loss(at: theta2, on: batch)                     // extra forward, no state touched
//   objective.work                                             // WorkCounters
//
// Conventions: flat parameter vectors laid out by `ParameterLayout` ("<layer>.weight" [out, in],
// "<layer>.bias"; conv kernels [O, C, kh, kw]); the loss is the mean over the batch (mse_half also
// over outputs); derivatives are of that mean loss. See `LossFunction` for curvature conventions
// and `NetworkLinearization.kroneckerStatistics` for the statistics' scaling.
