using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace SocketAnalyzers.Flow;

/// <summary>The operations of a basic block in evaluation order (children before parents), lambdas left out.</summary>
internal static class FlowOperations
{
    public static IEnumerable<IOperation> Of(BasicBlock block)
    {
        foreach (var root in block.Operations)
        {
            foreach (var operation in PostOrder(root))
            {
                yield return operation;
            }
        }

        if (block.BranchValue is { } branchValue)
        {
            foreach (var operation in PostOrder(branchValue))
            {
                yield return operation;
            }
        }
    }

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
                // A lambda's body is its own graph, analyzed on its own.
                continue;
            }

            foreach (var child in operation.ChildOperations.Reverse())
            {
                stack.Push((child, false));
            }
        }
    }
}
