/** Runtime threat detection. */
package dev.kubeward.runtime;
