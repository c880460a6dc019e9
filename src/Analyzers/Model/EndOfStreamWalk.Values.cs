using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>The values a walk knows at the end of the stream: assignments, expressions, patterns.</summary>
internal sealed partial class EndOfStreamWalk
{
    /// <summary>What the operation's assignments do to the known values (in evaluation order, lambdas left out).</summary>
    private Env Effects(IOperation operation, Env env)
    {
        foreach (var node in PostOrder(operation))
        {
            switch (node)
            {
                case ISimpleAssignmentOperation assignment when KeyOf(assignment.Target) is { } key:
                    env = env.Set(key, Evaluate(assignment.Value, env));
                    break;
                case IVariableDeclaratorOperation declarator:
                    var initializer = declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
                    env = initializer is null ? env.Remove(declarator.Symbol) : env.Set(declarator.Symbol, Evaluate(initializer, env));
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

        foreach (var node in ConnectionSemantics.DescendantsOutsideFunctions(operation))
        {
            switch (node)
            {
                case IAssignmentOperation assignment:
                    foreach (var target in assignment.Target.DescendantsAndSelf())
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
                case IVariableDeclaratorOperation declarator:
                    env = env.Remove(declarator.Symbol);
                    break;
                case IDeclarationPatternOperation { DeclaredSymbol: { } declared }:
                    env = env.Remove(declared);
                    break;
                case IForEachLoopOperation forEach:
                    foreach (var local in forEach.Locals)
                    {
                        env = env.Remove(local);
                    }

                    break;
            }
        }

        return env;
    }

    /// <summary>What an expression is at the end of the stream: a known constant, or unknown; and whether it depends on the read.</summary>
    private Fact Evaluate(IOperation operation, Env env)
    {
        // An expression nested deeper than a walk may recurse (a 30,000-term `||` compiles) is not judged.
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
        if (operation == _read || IsReadResult(operation))
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

    /// <summary>Whether any part of the operation is the read's result or a variable holding it.</summary>
    private bool IsDependent(IOperation operation, Env env)
    {
        foreach (var node in ConnectionSemantics.DescendantsOutsideFunctions(operation))
        {
            if (node == _read || KeyOf(node) is { } key && env.TryGet(key, out var known) && known.Dependent)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The read itself, awaited, through conversions, or an assignment of it (<c>(n = s.Read(..))</c>).</summary>
    private bool IsReadResult(IOperation operation)
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
                    return operation == _read;
            }
        }

        return false;
    }

    private bool SameConnection(IOperation instance) =>
        SymbolEqualityComparer.Default.Equals(_roots.RootOf(instance), _root);

    private static ISymbol? KeyOf(IOperation operation) => ConnectionRoots.SymbolOf(operation);

    private static bool Jumps(IOperation operation) =>
        ConnectionSemantics.DescendantsOutsideFunctions(operation).Any(node =>
            node is IBranchOperation or IReturnOperation or IThrowOperation);

    private static bool IsInside(ILabelSymbol label, IOperation operation) =>
        label.Locations.Any(location => location.SourceTree == operation.Syntax.SyntaxTree && operation.Syntax.Span.Contains(location.SourceSpan));

    private static bool Contains(IOperation container, IOperation operation)
    {
        for (var node = operation; node is not null; node = node.Parent)
        {
            if (node == container)
            {
                return true;
            }
        }

        return false;
    }

    private static IOperation? Condition(ILoopOperation loop) => loop switch
    {
        IWhileLoopOperation whileLoop => whileLoop.Condition,
        IForLoopOperation forLoop => forLoop.Condition,
        _ => null,
    };

    /// <summary>An if statement (not a conditional expression).</summary>
    private static bool IsStatement(IConditionalOperation conditional) =>
        conditional.Parent is IBlockOperation or ISwitchCaseOperation or IConditionalOperation or ILoopOperation or ILabeledOperation ||
        conditional.Type is null || conditional.Type.SpecialType == SpecialType.System_Void;

    /// <summary>Whether <paramref name="child"/> is a statement of <paramref name="parent"/>.</summary>
    private static bool IsStatementContainer(IOperation parent, IOperation child) => parent switch
    {
        IBlockOperation or ISwitchCaseOperation => true,
        IConditionalOperation conditional => IsStatement(conditional) && (conditional.WhenTrue == child || conditional.WhenFalse == child),
        ILoopOperation loop => loop.Body == child,
        ITryOperation or ICatchClauseOperation => child is IBlockOperation,
        IUsingOperation @using => @using.Body == child,
        ILockOperation @lock => @lock.Body == child,
        ILabeledOperation labeled => labeled.Operation == child,
        _ => false,
    };

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
            foreach (var child in operation.ChildOperations.Reverse())
            {
                if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                {
                    stack.Push((child, false));
                }
            }
        }
    }

    /// <summary>A value at the end of the stream: known (a constant) or not, and whether it comes from the read.</summary>
    private readonly struct Fact
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
    }

    /// <summary>What is known about variables along one walk: immutable, so branches do not disturb each other.</summary>
    private sealed class Env
    {
        public static readonly Env Empty = new(ImmutableDictionary.Create<ISymbol, Fact>(SymbolEqualityComparer.Default));

        private readonly ImmutableDictionary<ISymbol, Fact> _values;

        private Env(ImmutableDictionary<ISymbol, Fact> values) => _values = values;

        public bool IsEmpty => _values.IsEmpty;

        public bool TryGet(ISymbol key, out Fact value) => _values.TryGetValue(key, out value);

        /// <summary>A variable now holds the value: remembered when known or depending on the read, forgotten otherwise.</summary>
        public Env Set(ISymbol key, Fact value) =>
            value.IsKnown || value.Dependent ? new Env(_values.SetItem(key, value)) : Remove(key);

        public Env Remove(ISymbol key) => _values.ContainsKey(key) ? new Env(_values.Remove(key)) : this;
    }
}
