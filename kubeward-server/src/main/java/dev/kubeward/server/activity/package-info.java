/** The activity log: who changed what and when (settings, users, tokens, quick fixes). Never holds secret values. */
package dev.kubeward.server.activity;
