import Foundation

/// A first-order optimizer that updates parameters in place from a gradient of the loss.
///
/// ```swift
/// var optimizer = Optimizer(kind: "adam", learningRate: 0.1, parameterCount: policy.parameterCount)
/// optimizer.step(parameters: &policy.parameters, gradient: result.gradient)
/// ```
public struct Optimizer: Sendable {
    private let useAdam: Bool
    /// The step size.
    public let learningRate: Double
    private let beta1: Double
    private let beta2: Double
    private let epsilon = 1e-8
    private var firstMoment: [Double]
    private var secondMoment: [Double]
    /// The number of steps taken.
    public private(set) var stepCount = 0

    /// Creates an optimizer.
    /// - Parameters:
    ///   - kind: `"adam"` or `"sgd"` (anything else is treated as SGD).
    ///   - learningRate: the step size.
    ///   - beta1: Adam's first-moment decay.
    ///   - beta2: Adam's second-moment decay.
    ///   - parameterCount: the length of the parameter vector.
    public init(kind: String, learningRate: Double, beta1: Double = 0.9, beta2: Double = 0.999, parameterCount: Int) {
        useAdam = kind == "adam"
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        firstMoment = Array(repeating: 0, count: useAdam ? parameterCount : 0)
        secondMoment = Array(repeating: 0, count: useAdam ? parameterCount : 0)
    }

    /// Moves `parameters` against `gradient` (gradient descent on the loss).
    /// - Parameters:
    ///   - parameters: updated in place.
    ///   - gradient: `∂loss/∂parameters`, same length.
    public mutating func step(parameters: inout [Double], gradient: [Double]) {
        precondition(parameters.count == gradient.count, "gradient length must match the parameters")
        stepCount += 1
        guard useAdam else {
            for i in parameters.indices { parameters[i] -= learningRate * gradient[i] }
            return
        }
        let correction1 = 1 - pow(beta1, Double(stepCount))
        let correction2 = 1 - pow(beta2, Double(stepCount))
        for i in parameters.indices {
            firstMoment[i] = beta1 * firstMoment[i] + (1 - beta1) * gradient[i]
            secondMoment[i] = beta2 * secondMoment[i] + (1 - beta2) * gradient[i] * gradient[i]
            let mHat = firstMoment[i] / correction1
            let vHat = secondMoment[i] / correction2
            parameters[i] -= learningRate * mHat / (vHat.squareRoot() + epsilon)
        }
    }
}
