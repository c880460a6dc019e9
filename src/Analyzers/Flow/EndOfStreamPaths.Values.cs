using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Flow;

/// <summary>The values a search knows at the end of the stream: assignments, captures, expressions, patterns.</summary>
internal sealed partial class EndOfStreamPaths
{
    private sealed partial class Search
    {
        /// <summary>What the operation's assignments and captures do to the known values, in evaluation order.</summary>
        private Env Effects(IOperation operation, Env env)
        {
            foreach (var node in PostOrder(operation))
            {
                switch (node)
                {
                    case ISimpleAssignmentOperation assignment when KeyOf(assignment.Target) is { } key:
                        env = env.Set(key, Evaluate(assignment.Value, env));
                        break;
                    case IFlowCaptureOperation capture:
                        env = env.Set(capture.Id, Evaluate(capture.Value, env));
                        break;
                    case ICompoundAssignmentOperation or ICoalesceAssignmentOperation or IIncrementOrDecrementOperation or IDeconstructionAssignmentOperation:
                    case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref }:
                    case IDeclarationPatternOperation:
                        env = Kill(node, env);
                        break;
                }
            }

            return env;
        }

        /// <summary>Forgets every variable the operation may assign.</summary>
        private static Env Kill(IOperation operation, Env env)
        {
            if (env.IsEmpty)
            {
                return env;
            }

            foreach (var node in DescendantsAndSelf(operation))
            {
                switch (node)
                {
                    case IAssignmentOperation assignment:
                        foreach (var target in DescendantsAndSelf(assignment.Target))
                        {
                            if (KeyOf(target) is { } key)
                            {
                                env = env.Remove(key);
                            }
                        }

                        break;
                    case IIncrementOrDecrementOperation increment when KeyOf(increment.Target) is { } incremented:
                        env = env.Remove(incremented);
                        break;
                    case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } argument when KeyOf(argument.Value) is { } passed:
                        env = env.Remove(passed);
                        break;
                    case IDeclarationPatternOperation { DeclaredSymbol: { } declared }:
                        env = env.Remove(declared);
                        break;
                }
            }

            return env;
        }

        /// <summary>What an expression is at the end of the stream: a known constant, or unknown; and whether it depends on the read.</summary>
        private Fact Evaluate(IOperation operation, Env env)
        {
            // An expression nested deeper than a search may recurse (a 30,000-term `||` compiles) is not judged.
            if (_evaluationNesting + 1 > OperationChains.MaxNesting)
            {
                GiveUp();
                return Fact.Unknown(dependent: true);
            }

            _evaluationNesting++;
            try
            {
                return EvaluateNested(operation, env);
            }
            finally
            {
                _evaluationNesting--;
            }
        }

        private Fact EvaluateNested(IOperation operation, Env env)
        {
            if (IsReadResult(operation))
            {
                return Fact.Known(_endValue, dependent: true);
            }

            if (operation.ConstantValue.HasValue)
            {
                return Fact.Known(operation.ConstantValue.Value, dependent: false);
            }

            switch (operation)
            {
                case IConversionOperation conversion:
                    return Evaluate(conversion.Operand, env);
                case IParenthesizedOperation parenthesized:
                    return Evaluate(parenthesized.Operand, env);
                case ISimpleAssignmentOperation assignment:
                    return Evaluate(assignment.Value, env);
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                {
                    var operand = Evaluate(not.Operand, env);
                    return operand is { IsKnown: true, Value: bool b } ? Fact.Known(!b, operand.Dependent) : Fact.Unknown(operand.Dependent);
                }

                case IBinaryOperation binary:
                    return EvaluateBinary(binary, env);
                case IIsNullOperation isNull:
                {
                    // The graph's own null test ('?.', '??').
                    var tested = Evaluate(isNull.Operand, env);
                    return tested.IsKnown ? Fact.Known(tested.Value is null, tested.Dependent) : Fact.Unknown(tested.Dependent);
                }

                case IIsPatternOperation isPattern:
                {
                    var tested = Evaluate(isPattern.Value, env);
                    var matches = tested.IsKnown ? Matches(isPattern.Pattern, tested.Value) : null;
                    return matches is { } m ? Fact.Known(m, tested.Dependent) : Fact.Unknown(tested.Dependent || IsDependent(isPattern, env));
                }

                case IInvocationOperation { TargetMethod: { IsStatic: true, Name: "IsNullOrEmpty" or "IsNullOrWhiteSpace", ContainingType.SpecialType: SpecialType.System_String } } isNullOr
                    when isNullOr.Arguments.Length == 1:
                {
                    var tested = Evaluate(isNullOr.Arguments[0].Value, env);
                    return tested is { IsKnown: true, Value: null } ? Fact.Known(true, tested.Dependent) : Fact.Unknown(tested.Dependent);
                }

                case IInvocationOperation { TargetMethod.Name: "Peek" or "PeekChar", Instance: { } peeked } peek
                    when peek.TargetMethod.Parameters.IsEmpty && SameConnection(peeked):
                    // Nothing is left to peek at: -1.
                    return Fact.Known(-1, dependent: true);

                case IPropertyReferenceOperation { Property.Name: "DataAvailable" or "EndOfStream" or "Available", Instance: { } instance } property
                    when SameConnection(instance):
                    // At the end nothing is available (DataAvailable false, Available 0) and StreamReader.EndOfStream is true.
                    return property.Property.Name switch
                    {
                        "DataAvailable" => Fact.Known(false, dependent: true),
                        "EndOfStream" => Fact.Known(true, dependent: true),
                        _ => Fact.Known(0, dependent: true),
                    };

                default:
                    if (KeyOf(operation) is { } key && env.TryGet(key, out var known))
                    {
                        return known;
                    }

                    return Fact.Unknown(IsDependent(operation, env));
            }
        }

        private Fact EvaluateBinary(IBinaryOperation binary, Env env)
        {
            var left = Evaluate(binary.LeftOperand, env);
            var right = Evaluate(binary.RightOperand, env);
            var dependent = left.Dependent || right.Dependent;
            switch (binary.OperatorKind)
            {
                case BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And when binary.Type?.SpecialType == SpecialType.System_Boolean:
                    if (left is { IsKnown: true, Value: false })
                        return Fact.Known(false, left.Dependent);
                    if (right is { IsKnown: true, Value: false })
                        return Fact.Known(false, right.Dependent);
                    return left is { IsKnown: true, Value: true } && right is { IsKnown: true, Value: true }
                        ? Fact.Known(true, dependent)
                        : Fact.Unknown(dependent);
                case BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Or when binary.Type?.SpecialType == SpecialType.System_Boolean:
                    if (left is { IsKnown: true, Value: true })
                        return Fact.Known(true, left.Dependent);
                    if (right is { IsKnown: true, Value: true })
                        return Fact.Known(true, right.Dependent);
                    return left is { IsKnown: true, Value: false } && right is { IsKnown: true, Value: false }
                        ? Fact.Known(false, dependent)
                        : Fact.Unknown(dependent);
            }

            if (!left.IsKnown || !right.IsKnown)
            {
                return Fact.Unknown(dependent);
            }

            var result = Compare(binary.OperatorKind, left.Value, right.Value);
            return result is { } r ? Fact.Known(r, dependent) : Fact.Unknown(dependent);
        }

        /// <summary>Whether a value known at the end of the stream matches a pattern; null when it cannot be told.</summary>
        private bool? Matches(IPatternOperation pattern, object? value, int nesting = 0)
        {
            if (nesting > OperationChains.MaxNesting)
            {
                GiveUp();
                return null;
            }

            switch (pattern)
            {
                case IConstantPatternOperation constant when constant.Value.ConstantValue.HasValue:
                    return ValuesEqual(constant.Value.ConstantValue.Value, value);
                case IRelationalPatternOperation relational when relational.Value.ConstantValue.HasValue:
                    return Compare(relational.OperatorKind, value, relational.Value.ConstantValue.Value);
                case INegatedPatternOperation negated:
                    return !Matches(negated.Pattern, value, nesting + 1);
                case IBinaryPatternOperation binary:
                {
                    var left = Matches(binary.LeftPattern, value, nesting + 1);
                    var right = Matches(binary.RightPattern, value, nesting + 1);
                    return binary.OperatorKind == BinaryOperatorKind.Or
                        ? left == true || right == true ? true : left == false && right == false ? false : null
                        : left == false || right == false ? false : left == true && right == true ? true : null;
                }

                case IDiscardPatternOperation:
                    return true;
                case IDeclarationPatternOperation { MatchesNull: true }:
                    return true;
                case IDeclarationPatternOperation or ITypePatternOperation or IRecursivePatternOperation when value is null:
                    return false;
                default:
                    return null;
            }
        }

        /// <summary>Whether any part of the operation is the read's result or a variable or capture holding it.</summary>
        private bool IsDependent(IOperation operation, Env env)
        {
            foreach (var node in DescendantsAndSelf(operation))
            {
                if (node == _read || KeyOf(node) is { } key && env.TryGet(key, out var known) && known.Dependent)
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsReadResult(IOperation operation) => IsResultOf(operation, _read);

        private bool SameConnection(IOperation instance) => _paths.ConnectionOfReceiver(instance) == _connection;
    }

    /// <summary>
    /// Whether <paramref name="operation"/> is the value <paramref name="read"/> returned: the read itself, awaited
    /// (with <c>ConfigureAwait</c>), through conversions, or an assignment of it (<c>(n = s.Read(..))</c>). The graph's
    /// search and the pre-check that spares it a graph (<see cref="FlowTriggers"/>) read results the same way.
    /// </summary>
    internal static bool IsResultOf(IOperation operation, IOperation read)
    {
        for (var steps = 0; steps < 8; steps++)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    continue;
                case IAwaitOperation awaited:
                    operation = awaited.Operation;
                    continue;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } awaitable }:
                    operation = awaitable;
                    continue;
                case ISimpleAssignmentOperation assignment:
                    operation = assignment.Value;
                    continue;
                default:
                    return operation == read;
            }
        }

        return false;
    }

    /// <summary>A variable (local, parameter, member of <c>this</c>) or a capture of the graph the operation names.</summary>
    private static object? KeyOf(IOperation operation) => operation switch
    {
        IFlowCaptureReferenceOperation reference => reference.Id,
        _ => ValueOrigins.VariableOf(operation),
    };

    /// <summary>The whole <c>&amp;&amp;</c>/<c>||</c> chain (through <c>!</c> and parentheses) a condition is one part of; null when it is none.</summary>
    private static SyntaxNode? ChainOf(SyntaxNode condition)
    {
        SyntaxNode? chain = null;
        for (var node = condition; node.Parent is { } parent; node = parent)
        {
            if (parent.IsKind(SyntaxKind.LogicalAndExpression) || parent.IsKind(SyntaxKind.LogicalOrExpression))
            {
                chain = parent;
            }
            else if (parent is not (ParenthesizedExpressionSyntax or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression }))
            {
                break;
            }
        }

        return chain;
    }

    private static bool? Compare(BinaryOperatorKind kind, object? left, object? right)
    {
        if (left is null || right is null)
        {
            return kind switch
            {
                BinaryOperatorKind.Equals => left is null && right is null,
                BinaryOperatorKind.NotEquals => !(left is null && right is null),
                _ => null,
            };
        }

        if (left is bool leftBool && right is bool rightBool)
        {
            return kind switch
            {
                BinaryOperatorKind.Equals => leftBool == rightBool,
                BinaryOperatorKind.NotEquals => leftBool != rightBool,
                _ => null,
            };
        }

        if (!TryGetInteger(left, out var l) || !TryGetInteger(right, out var r))
        {
            return null;
        }

        return kind switch
        {
            BinaryOperatorKind.Equals => l == r,
            BinaryOperatorKind.NotEquals => l != r,
            BinaryOperatorKind.LessThan => l < r,
            BinaryOperatorKind.LessThanOrEqual => l <= r,
            BinaryOperatorKind.GreaterThan => l > r,
            BinaryOperatorKind.GreaterThanOrEqual => l >= r,
            _ => null,
        };
    }

    private static bool ValuesEqual(object? left, object? right) => Compare(BinaryOperatorKind.Equals, left, right) == true;

    private static bool TryGetInteger(object value, out long result)
    {
        switch (value)
        {
            case int i:
                result = i;
                return true;
            case long l:
                result = l;
                return true;
            case short s:
                result = s;
                return true;
            case sbyte sb:
                result = sb;
                return true;
            case byte b:
                result = b;
                return true;
            case ushort us:
                result = us;
                return true;
            case uint ui:
                result = ui;
                return true;
            case char c:
                result = c;
                return true;
            default:
                result = 0;
                return false;
        }
    }

    /// <summary>Children before parents: the order in which assignments happen.</summary>
    private static IEnumerable<IOperation> PostOrder(IOperation root)
    {
        var stack = new Stack<(IOperation Operation, bool ChildrenDone)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (operation, childrenDone) = stack.Pop();
            if (childrenDone)
            {
                yield return operation;
                continue;
            }

            stack.Push((operation, true));
            if (operation is IFlowAnonymousFunctionOperation)
            {
                continue;
            }

            foreach (var child in operation.ChildOperations.Reverse())
            {
                stack.Push((child, false));
            }
        }
    }

    /// <summary>A value at the end of the stream: known (a constant) or not, and whether it comes from the read.</summary>
    private readonly struct Fact : System.IEquatable<Fact>
    {
        private Fact(bool isKnown, object? value, bool dependent)
        {
            IsKnown = isKnown;
            Value = value;
            Dependent = dependent;
        }

        public bool IsKnown { get; }

        public object? Value { get; }

        public bool Dependent { get; }

        public static Fact Known(object? value, bool dependent) => new(true, value, dependent);

        public static Fact Unknown(bool dependent) => new(false, null, dependent);

        public bool Equals(Fact other) => IsKnown == other.IsKnown && Dependent == other.Dependent && object.Equals(Value, other.Value);

        public override bool Equals(object? obj) => obj is Fact other && Equals(other);

        public override int GetHashCode() => (IsKnown ? 1 : 0) + (Dependent ? 2 : 0) + 4 * (Value?.GetHashCode() ?? 0);
    }

    /// <summary>
    /// What is known about variables and captures along one path: immutable, so branches do not disturb each other,
    /// and compared by content, so a block reached twice in the same state is searched once.
    /// </summary>
    private sealed class Env : System.IEquatable<Env>
    {
        public static readonly Env Empty = new(ImmutableDictionary.Create<object, Fact>(KeyComparer.Instance));

        private readonly ImmutableDictionary<object, Fact> _values;
        private int? _hash;

        private Env(ImmutableDictionary<object, Fact> values) => _values = values;

        public bool IsEmpty => _values.IsEmpty;

        public bool TryGet(object key, out Fact value) => _values.TryGetValue(key, out value);

        /// <summary>A variable now holds the value: remembered when known or depending on the read, forgotten otherwise.</summary>
        public Env Set(object key, Fact value) =>
            value.IsKnown || value.Dependent ? new Env(_values.SetItem(key, value)) : Remove(key);

        public Env Remove(object key) => _values.ContainsKey(key) ? new Env(_values.Remove(key)) : this;

        public bool Equals(Env? other)
        {
            if (other is null || other._values.Count != _values.Count || other.GetHashCode() != GetHashCode())
            {
                return false;
            }

            foreach (var pair in _values)
            {
                if (!other._values.TryGetValue(pair.Key, out var value) || !value.Equals(pair.Value))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => Equals(obj as Env);

        public override int GetHashCode()
        {
            if (_hash is { } hash)
            {
                return hash;
            }

            var combined = 0;
            foreach (var pair in _values)
            {
                // Order-independent: the same content hashes the same whatever the order of assignments.
                combined ^= KeyComparer.Instance.GetHashCode(pair.Key) * 31 + pair.Value.GetHashCode();
            }

            _hash = combined;
            return combined;
        }
    }

    /// <summary>Symbols by symbol equality, captures by their id.</summary>
    private sealed class KeyComparer : IEqualityComparer<object>
    {
        public static readonly KeyComparer Instance = new();

        public new bool Equals(object? x, object? y) =>
            x is ISymbol left && y is ISymbol right ? SymbolEqualityComparer.Default.Equals(left, right) : object.Equals(x, y);

        public int GetHashCode(object obj) => obj is ISymbol symbol ? SymbolEqualityComparer.Default.GetHashCode(symbol) : obj.GetHashCode();
    }
}
