/** Test models outside the default allow-list. */
package org.example.models;
